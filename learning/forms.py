"""Forms of the learning app: they validate input; services write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from learning import services
from learning.models import Course, Question, Submission
from site_config.forms import OwnIdBoundField, content_labels, hidden_labels
from site_config.images import COVER_BOX, ImageUploadField, image_prepare
from site_config.richtext import RichTextField
from site_config.widgets import CheckboxRows


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (on its field when it names one)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class CourseFilterForm(forms.Form):
    SORT_CHOICES = [
        ("new", _("Newest")),
        ("rating", _("Top rated")),
        ("popular", _("Most popular")),
    ]
    q = forms.CharField(required=False, max_length=100)
    level = forms.ChoiceField(required=False, choices=[("", _("Any level")), *Course.Level.choices])
    teacher = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": (data.get("q") or "").strip(),
            "level": data.get("level") or "",
            "teacher": data.get("teacher"),
            "sort": data.get("sort") or "new",
        }


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Short summary"),
        max_length=300,
        help_text=_("One or two sentences for the catalog card."),
    )
    description = RichTextField(label=_("Description"), required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Course.Level.choices)
    cover = ImageUploadField(label=_("Cover image"), required=False)
    is_published = forms.BooleanField(
        label=_("Published"),
        required=False,
        help_text=_("Unpublished courses are seen only by you and staff."),
    )

    def clean_cover(self):
        upload = self.cleaned_data.get("cover")
        if not upload or not hasattr(upload, "content_type"):
            return None
        return image_prepare(upload=upload, box=COVER_BOX)


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = RichTextField(
        label=_("Lesson text"),
        required=False,
        help_text=_("Text, images and videos from YouTube, VK or Rutube."),
    )


class LessonMoveForm(forms.Form):
    """Up, down or to a position. In the outline each lesson has its number box
    (`#pos-<pk>`, 1…count: pass `row_id` and `count`; learning_tags draws them)."""

    helper = hidden_labels()
    bound_field_class = OwnIdBoundField

    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")], required=False)
    position = forms.IntegerField(
        label=_("Position"), required=False, min_value=1, max_value=10_000
    )

    def __init__(self, *args, row_id: object = "", count: object = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.field_ids = {"position": f"pos-{row_id}"} if row_id else {}
        if count:
            self.fields["position"].widget.attrs["max"] = count

    def clean(self):
        data = super().clean()
        if not data.get("direction") and not data.get("position"):
            raise ValidationError(_("Say where to move the lesson."))
        return data


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        help_text=_("PDF, DOCX, PPTX or ZIP, at most 20 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            services.check_material_file(upload)
        return upload

    def clean(self):
        data = super().clean()
        if bool(data.get("url")) == bool(data.get("file")) and not self.errors:
            raise ValidationError(_("Give either a link or a file."))
        if not data.get("title") and data.get("url"):
            data["title"] = data["url"]
        return data


class AssignmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = RichTextField(label=_("Task"), required=False)
    due_at = forms.DateTimeField(
        label=_("Due"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty for no deadline. Later work is marked late."),
    )
    max_grade = forms.IntegerField(label=_("Max grade"), min_value=1, max_value=1000, initial=10)
    pass_grade = forms.IntegerField(label=_("Pass grade"), min_value=0, max_value=1000, initial=6)

    def clean(self):
        data = super().clean()
        if (
            data.get("max_grade") is not None
            and data.get("pass_grade") is not None
            and data["pass_grade"] > data["max_grade"]
        ):
            self.add_error("pass_grade", _("The pass grade must be between 0 and the max."))
        return data


class SubmissionForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, DOCX, PPTX, ZIP, TXT or an image, at most 10 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            services.check_submission_file(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not (data.get("answer") or "").strip() and not data.get("file") and not self.errors:
            raise ValidationError(_("Write an answer or attach a file."))
        return data


class GradeForm(forms.Form):
    """The inline grade of a submission: one per row of the grading table, so its ids carry
    the submission (`grade-<pk>-grade`); unbound, it shows the grade given so far."""

    helper = hidden_labels()

    grade = forms.IntegerField(label=_("Grade"), min_value=0)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Comment"), "maxlength": 2000}),
    )

    def __init__(self, *args, submission: Submission | None = None, **kwargs):
        if submission is not None:
            kwargs.setdefault("auto_id", f"grade-{submission.pk}-%s")
            kwargs.setdefault(
                "initial", {"grade": submission.grade, "comment": submission.teacher_comment}
            )
        super().__init__(*args, **kwargs)
        if submission is not None:
            self.fields["grade"].max_value = submission.assignment.max_grade
            self.fields["grade"].validators.append(
                MaxValueValidator(submission.assignment.max_grade)
            )
            self.fields["grade"].widget.attrs["max"] = submission.assignment.max_grade


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What to rework"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuizForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lesson = forms.TypedChoiceField(label=_("Lesson"), required=False, coerce=int, empty_value=None)
    pass_mark = forms.IntegerField(label=_("Pass mark, %"), min_value=0, max_value=100, initial=60)
    attempts_allowed = forms.IntegerField(
        label=_("Attempts allowed"),
        min_value=0,
        max_value=100,
        initial=0,
        help_text=_("0 means unlimited."),
    )
    time_limit = forms.IntegerField(
        label=_("Time limit, minutes"),
        min_value=1,
        max_value=600,
        required=False,
        help_text=_("Leave empty for no limit."),
    )

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].choices = [("", _("The whole course"))] + [
            (lesson.pk, lesson.title) for lesson in course.lessons.only("id", "title")
        ]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=100, initial=1)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line; start each correct one with *."),
    )
    accepted = forms.CharField(
        label=_("Accepted answers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a text answer: one per line; case and spaces do not matter."),
    )


class AttemptForm(forms.Form):
    """A quiz attempt: one field per question, named `q<pk>` (what learning.services reads),
    labelled by its text: a text box, radio rows or checkbox rows by the question's kind.
    Every answer is optional (an unanswered question scores nothing). `questions` come with
    their choices prefetched; each field keeps its `question` for the page's card."""

    helper = content_labels()

    CHOICE_GONE = _("This choice is no longer in the question: choose again.")

    def __init__(self, *args, questions, **kwargs):
        kwargs.setdefault("auto_id", "%s")  # ids q<pk> (q<pk>_<n> for each choice)
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = field = self._field(question)
            field.question = question

    def _field(self, question: Question) -> forms.Field:
        if question.kind == Question.Kind.TEXT:
            return forms.CharField(
                label=question.text,
                required=False,
                max_length=300,  # what services.clean_answers keeps
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
        choices = [(str(choice.pk), choice.text) for choice in question.choices.all()]
        errors = {"invalid_choice": self.CHOICE_GONE}
        if question.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                label=question.text,
                required=False,
                choices=choices,
                widget=CheckboxRows,
                error_messages=errors,
            )
        return forms.ChoiceField(
            label=question.text,
            required=False,
            choices=choices,
            widget=forms.RadioSelect,
            error_messages=errors,
        )


def comments_anchor(target) -> str:
    """The id of a discussion's section: a page has one public discussion (`#comments`) and,
    on an assignment, a private one per submission (`#comments-submission-<pk>`)."""
    if isinstance(target, Submission):
        return f"comments-submission-{target.pk}"
    return "comments"


def comment_section(target) -> str:
    """`lesson-5`, `assignment-3`, `submission-7`: what a comment box's ids end with."""
    return f"{target._meta.model_name}-{target.pk}"


class CommentForm(forms.Form):
    """A comment box; `target` (the lesson, assignment or submission it is under) makes its
    ids unique (`comment-text-submission-7`): an assignment page has several
    (learning_tags.comment_text_field draws them)."""

    helper = hidden_labels()

    text = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Write a comment…")}),
    )

    def __init__(self, *args, target=None, **kwargs):
        if target is not None:
            kwargs.setdefault("auto_id", f"comment-%s-{comment_section(target)}")
        super().__init__(*args, **kwargs)
        self.target = target
        self.anchor = comments_anchor(target)


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Review"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )


class IssueCertificateForm(forms.Form):
    student = forms.IntegerField(min_value=1, max_value=2**62)


class ChoiceForm(forms.Form):
    """One choice of a quiz question (the API's edit of a single choice)."""

    text = forms.CharField(label=_("Choice"), max_length=300)
    is_correct = forms.BooleanField(label=_("Correct"), required=False)
