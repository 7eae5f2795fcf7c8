"""What the API shows of postings, applications, auctions and bids."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import OrganizationRefSerializer, UserBriefSerializer
from internships.models import Application, ApplicationEvent, Auction, Bid, Posting


class PostingSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    employer = UserBriefSerializer(read_only=True)
    skills = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Posting
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "organization",
            "employer",
            "location",
            "remote",
            "pay_min",
            "pay_max",
            "skills",
            "deadline",
            "status",
            "is_open",
            "created",
            "updated",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_skills(self, posting) -> list[str]:
        return [skill.name for skill in posting.skills.all()]


class ApplicationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = ["id", "status", "created"]
        read_only_fields = fields


class PostingDetailSerializer(PostingSerializer):
    my_application = serializers.SerializerMethodField()
    applicant_count = serializers.SerializerMethodField()
    can_manage = serializers.SerializerMethodField()

    class Meta(PostingSerializer.Meta):
        fields = [*PostingSerializer.Meta.fields, "my_application", "applicant_count", "can_manage"]
        read_only_fields = fields

    @extend_schema_field(ApplicationRefSerializer(allow_null=True))
    def get_my_application(self, posting):
        mine = self.context.get("my_application")
        return ApplicationRefSerializer(mine).data if mine else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_applicant_count(self, posting) -> int | None:
        return self.context.get("applicant_count")

    def get_can_manage(self, posting) -> bool:
        return posting.can_manage(self.context["request"].user)


class ApplicationEventSerializer(serializers.ModelSerializer):
    actor = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ApplicationEvent
        fields = ["status", "actor", "created"]
        read_only_fields = fields


class PostingRefSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = Posting
        fields = ["id", "kind", "title", "organization", "status"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    """An application, with its status history, as its student and the employer see it."""

    posting = PostingRefSerializer(read_only=True)
    student = UserBriefSerializer(read_only=True)
    history = ApplicationEventSerializer(source="events", many=True, read_only=True)
    can_withdraw = serializers.BooleanField(read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "posting",
            "student",
            "cover_letter",
            "status",
            "can_withdraw",
            "created",
            "updated",
            "history",
        ]
        read_only_fields = fields


class ApplicantSerializer(serializers.ModelSerializer):
    """A row of the employer's applicants table."""

    student = UserBriefSerializer(read_only=True)
    skills = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = ["id", "student", "skills", "cover_letter", "status", "created", "updated"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_skills(self, application) -> list[str]:
        profile = getattr(application.student, "profile", None)
        return [skill.name for skill in profile.skills.all()] if profile else []


class AuctionSerializer(serializers.ModelSerializer):
    student = UserBriefSerializer(read_only=True)
    status = serializers.CharField(source="effective_status", read_only=True)
    minimum_bid = serializers.IntegerField(read_only=True)
    seconds_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = Auction
        fields = [
            "id",
            "title",
            "pitch",
            "student",
            "reserve",
            "min_step",
            "ends_at",
            "status",
            "best_amount",
            "bid_count",
            "minimum_bid",
            "seconds_left",
            "extensions",
            "created",
            "finished_at",
        ]
        read_only_fields = fields


class BidSerializer(serializers.ModelSerializer):
    """A bid: its amount for everyone; who bid, for what and why only for the student,
    staff and the bidder (the site's rule, `Auction.sees_bidders`)."""

    employer = serializers.SerializerMethodField()
    posting = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField()

    class Meta:
        model = Bid
        fields = [
            "id",
            "amount",
            "employer",
            "posting",
            "message",
            "extended",
            "is_mine",
            "created",
        ]
        read_only_fields = fields

    def _shown(self, bid) -> bool:
        return bool(getattr(bid, "show_bidder", False))

    @extend_schema_field(UserBriefSerializer(allow_null=True))
    def get_employer(self, bid):
        return (
            UserBriefSerializer(bid.employer, context=self.context).data
            if self._shown(bid)
            else None
        )

    @extend_schema_field(PostingRefSerializer(allow_null=True))
    def get_posting(self, bid):
        return PostingRefSerializer(bid.posting).data if self._shown(bid) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_message(self, bid) -> str | None:
        return bid.message if self._shown(bid) else None

    def get_is_mine(self, bid) -> bool:
        return bool(getattr(bid, "is_mine", False))


class AuctionDetailSerializer(AuctionSerializer):
    bids = serializers.SerializerMethodField()
    winner = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta(AuctionSerializer.Meta):
        fields = [*AuctionSerializer.Meta.fields, "winner", "bids"]
        read_only_fields = fields

    @extend_schema_field(BidSerializer(many=True))
    def get_bids(self, auction):
        return BidSerializer(self.context["bids"], many=True, context=self.context).data
