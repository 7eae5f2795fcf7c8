// TinyMCE image uploads with Django's CSRF token (TinyMCE's default uploader sends none).
// Referenced by name from the editor config ("images_upload_handler").
window.guildhallImageUpload = function (blobInfo, progress) {
  return new Promise(function (resolve, reject) {
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/uploads/images/");
    var token = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    xhr.setRequestHeader("X-CSRFToken", token ? decodeURIComponent(token[1]) : (input ? input.value : ""));
    xhr.upload.onprogress = function (e) { progress((e.loaded / e.total) * 100); };
    xhr.onload = function () {
      var json = null;
      try { json = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status < 200 || xhr.status >= 300 || !json || typeof json.location !== "string") {
        reject({ message: (json && json.error && json.error.message) || ("HTTP " + xhr.status), remove: true });
        return;
      }
      resolve(json.location);
    };
    xhr.onerror = function () { reject({ message: "Upload failed", remove: true }); };
    var data = new FormData();
    data.append("file", blobInfo.blob(), blobInfo.filename());
    xhr.send(data);
  });
};
