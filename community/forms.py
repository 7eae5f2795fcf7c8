"""Forms of the community; they validate input, the services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import BlogComment, BlogPost, Forum, ForumPost, Report, Thread, Video
from community.services.videos import MAX_MB
from site_config.forms import hidden_labels
from site_config.images import COVER_BOX, ImageUploadField, image_prepare
from site_config.richtext import RichTextField
from site_config.widgets import CompactRadioSelect


class _ImageMixin:
    def _image(self, name: str):
        upload = self.cleaned_data.get(name)
        if not upload or not hasattr(upload, "content_type"):
            return None  # nothing new was uploaded
        return image_prepare(upload=upload, box=COVER_BOX)


class BlogPostForm(_ImageMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=BlogPost._meta.get_field("title").max_length,
        widget=forms.TextInput(attrs={"placeholder": _("What is your post about?")}),
    )
    body = RichTextField(label=_("Text"))
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=400,
        help_text=_("Up to 8, separated by commas: python, карьера, стажировка"),
    )
    cover = ImageUploadField(
        label=_("Cover picture"),
        required=False,
        help_text=_("Optional. JPEG, PNG, GIF or WebP up to 5 MB."),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover"), required=False)
    is_published = forms.BooleanField(
        label=_("Publish"),
        required=False,
        initial=True,
        help_text=_("Untick to keep it as a draft that only you can see."),
    )

    def __init__(self, *args, has_cover: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_cover:
            del self.fields["remove_cover"]

    def clean_cover(self):
        return self._image("cover")

    @classmethod
    def for_post(cls, post: BlogPost, data=None, files=None):
        initial = {
            "title": post.title,
            "body": post.body,
            "tags": ", ".join(tag.name for tag in post.tags.all()),
            "is_published": post.is_published,
        }
        return cls(data=data, files=files, initial=initial, has_cover=bool(post.cover))


class CommentForm(forms.Form):
    """A blog or video comment; the new-comment box keeps the id `id_comment_text`, an
    inline editor passes `auto_id=f"edit-comment-{pk}-%s"` so both can share a page."""

    helper = hidden_labels()

    text = forms.CharField(
        label=_("Comment"),
        max_length=BlogComment.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Write a comment…")}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_comment_%s")
        super().__init__(*args, **kwargs)


class ThreadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=Thread.TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("A short, clear question or topic")}),
    )
    text = forms.CharField(
        label=_("Message"),
        max_length=ForumPost.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text; links become clickable. Mention a member as @First_Last."),
    )


class ReplyForm(forms.Form):
    helper = hidden_labels()

    text = forms.CharField(
        label=_("Your reply"),
        max_length=ForumPost.TEXT_MAX_LENGTH,
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": _("Write a reply… Mention someone as @First_Last")}
        ),
    )
    quote = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_reply_%s")
        super().__init__(*args, **kwargs)


class PostEditForm(forms.Form):
    """The inline editor of a forum post: the view passes `auto_id=f"edit-post-{pk}-%s"`."""

    helper = hidden_labels()

    text = forms.CharField(
        label=_("Message"),
        max_length=ForumPost.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class MoveThreadForm(forms.Form):
    """The moderators' "move to forum" select (`#move-forum`) in a thread's header."""

    helper = hidden_labels()

    forum = forms.ModelChoiceField(
        label=_("Move to"), queryset=Forum.objects.all(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "move-%s")
        super().__init__(*args, **kwargs)


class VideoForm(_ImageMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=Video._meta.get_field("title").max_length)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    link = forms.CharField(
        label=_("Link to the video"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://www.youtube.com/watch?v=…"}),
        help_text=_("YouTube, VK Video or Rutube."),
    )
    file = forms.FileField(
        label=_("…or upload a file"),
        required=False,
        help_text=_("MP4 or WebM, up to %(mb)s MB.") % {"mb": MAX_MB},
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    poster = ImageUploadField(
        label=_("Poster"),
        required=False,
        help_text=_("Optional picture shown before an uploaded video plays."),
    )

    def clean_poster(self):
        return self._image("poster")

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("file")) == bool(data.get("link", "").strip()):
            raise forms.ValidationError(_("Upload a video file or paste a link — one of the two."))
        return data


class VideoEditForm(_ImageMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=Video._meta.get_field("title").max_length)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    poster = ImageUploadField(label=_("Poster"), required=False)

    def clean_poster(self):
        return self._image("poster")


class ReportForm(forms.Form):
    """The report menu under a post, comment or message: many on a page, so the ids carry
    the target (`report-<kind>-<pk>-reason_0`, pass `kind` and `pk`). The template shows
    the one error there is ("Choose a reason…") above the reasons, not under each field."""

    helper = hidden_labels()
    helper.form_show_errors = False

    REASON_REQUIRED = _("Choose a reason for the report.")

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=Report.Reason.choices,
        widget=CompactRadioSelect,
        error_messages={"required": REASON_REQUIRED, "invalid_choice": REASON_REQUIRED},
    )
    comment = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("Details (optional)")}),
    )

    def __init__(self, *args, kind: str = "", pk: int | str = "", **kwargs):
        if kind:
            kwargs.setdefault("auto_id", f"report-{kind}-{pk}-%s")
        super().__init__(*args, **kwargs)
