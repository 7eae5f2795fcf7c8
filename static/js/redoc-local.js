// Redoc's sidebar credit loads its logo from Redoc's CDN; the docs' Content-Security-Policy
// (site_config.api.DOCS_CSP) would block it and the browser would report the violation.
// Loaded before Redoc: that one image comes from a data: URL instead, so the page asks
// nothing of any other host.
(function () {
  "use strict";
  var CDN_LOGO = "https://cdn.redoc.ly/";
  var BLANK = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (name === "src" && typeof value === "string" && value.indexOf(CDN_LOGO) === 0) {
      value = BLANK;
    }
    return setAttribute.call(this, name, value);
  };
  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get: src.get,
    set: function (value) {
      var local = typeof value === "string" && value.indexOf(CDN_LOGO) === 0;
      src.set.call(this, local ? BLANK : value);
    },
  });
})();
