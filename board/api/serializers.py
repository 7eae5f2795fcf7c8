"""What the API shows of ads and responses."""

from __future__ import annotations

from rest_framework import serializers

from accounts.api.serializers import UserBriefSerializer
from board import permissions
from board.models import Ad, Response

EXCERPT_LENGTH = 300


class AdSerializer(serializers.ModelSerializer):
    """An ad in a list: the plain-text teaser, never the HTML body."""

    author = UserBriefSerializer(read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    excerpt = serializers.SerializerMethodField()

    class Meta:
        model = Ad
        fields = [
            "id",
            "title",
            "category",
            "category_label",
            "excerpt",
            "cover_url",
            "has_video",
            "is_hidden",
            "author",
            "created",
            "updated",
        ]
        read_only_fields = fields

    def get_excerpt(self, ad) -> str:
        text = ad.body_text or ""
        return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


class AdDetailSerializer(AdSerializer):
    """One ad with its sanitized HTML body."""

    can_edit = serializers.SerializerMethodField()

    class Meta(AdSerializer.Meta):
        fields = [*AdSerializer.Meta.fields, "body", "can_edit"]
        read_only_fields = fields

    def get_can_edit(self, ad) -> bool:
        return permissions.can_edit_ad(self.context["request"].user, ad)


class AdRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ad
        fields = ["id", "title", "is_hidden"]
        read_only_fields = fields


class ResponseSerializer(serializers.ModelSerializer):
    ad = AdRefSerializer(read_only=True)
    author = UserBriefSerializer(read_only=True)

    class Meta:
        model = Response
        fields = ["id", "ad", "author", "text", "status", "created", "accepted_at"]
        read_only_fields = fields
