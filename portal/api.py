"""API (Django REST framework): inspections, results, cases and answers, bundle export, and
bundle import for admins (the same service as `import_bundle` and the import page).

Every queryset goes through the scope helpers (`inspections_for`, `cases_for`), so the API can
never show more than the pages do. Reads are paginated (settings `PAGE_SIZE`).
"""

import io

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from casework.models import Answer, Case
from casework.permissions import cases_for, sees_readings
from inspection.models import Inspection
from inspection.permissions import inspections_for, is_admin
from portal.limits import content_length
from records.selectors.bundle import bundle_export
from records.services.bundle import bundle_import
from records.services.bundle_format import BundleError, BundleTooLarge, bundle_read
from reports.selectors import latest_snapshot


class IsCasebookAdmin(BasePermission):
    """The Casebook admin role (not Django staff, which DRF's IsAdminUser checks)."""

    def has_permission(self, request: Request, view) -> bool:
        return is_admin(request.user)


class UnreadBody(BaseParser):
    """Hands the request body on unread, as a binary stream: no JSON parser decodes a bundle
    before the bundle reader (`bundle_read`) applies its limits, so nothing reading
    `request.data` early can turn a bad body into DRF's "JSON parse error" or a 500."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream


MULTIPART = (
    "send the bundle itself as the request body (for example curl --data-binary @bundle.json), "
    "not as a form upload"
)


class InspectionSerializer(serializers.ModelSerializer):
    pdu = serializers.CharField(source="pdu.name")
    region = serializers.CharField(source="pdu.region.name")
    framework = serializers.CharField(source="framework.code")
    framework_version = serializers.IntegerField(source="framework.version")

    class Meta:
        model = Inspection
        fields = [
            "id",
            "pdu",
            "region",
            "framework",
            "framework_version",
            "fieldwork_start",
            "fieldwork_end",
            "status",
        ]


class AnswerSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.code")

    class Meta:
        model = Answer
        fields = ["item", "value", "evidence", "updated_at"]


class CaseSerializer(serializers.ModelSerializer):
    answers = AnswerSerializer(many=True, read_only=True)
    assigned_to = serializers.CharField(
        source="assigned_to.username", allow_null=True, default=None
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "inspection",
            "ref",
            "case_type",
            "start_date",
            "rosh",
            "gender",
            "ethnicity",
            "age_band",
            "pre_sentence_info",
            "attributes",  # a format-2 framework's other declared attributes
            "status",
            "assigned_to",
            "answers",
        ]


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Inspections the caller is on the team of (all, for admins)."""

    serializer_class = InspectionSerializer

    def get_queryset(self) -> QuerySet[Inspection]:
        return inspections_for(self.request.user).order_by("-fieldwork_start", "pk")

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description="The latest results document (`inspection-results/1`).",
    )
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: int | None = None) -> Response:
        snapshot = latest_snapshot(inspection=self.get_object())
        if snapshot is None:
            raise Http404("No results have been computed for this inspection yet")
        return Response(snapshot.document)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description="The inspection as an `inspection-bundle/1` document (leads and admins: it "
        "holds every reading, first and second, which inspectors may not see).",
    )
    @action(detail=True, methods=["get"])
    def bundle(self, request: Request, pk: int | None = None) -> Response:
        inspection = self.get_object()
        if not sees_readings(request.user, inspection):
            raise Http404("No such inspection")
        return Response(bundle_export(inspection=inspection))

    @extend_schema(
        request={"application/json": OpenApiTypes.OBJECT},
        responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 413: OpenApiTypes.OBJECT},
        description=(
            "Create one inspection from an `inspection-bundle/1` document sent as the request "
            "body (UTF-8, UTF-16 or UTF-32), all or nothing, read exactly as the import page and "
            "`import_bundle` read it. "
            'Answers `{"inspection": id, "cases": n}`, or `{"problems": [...]}` naming every '
            "problem with nothing written (413 for a body over the upload limit, UPLOAD_MAX_MB). Admins "
            "only; the caller becomes the lead."
        ),
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        # added to the defaults (signed in, password changed), never in their place
        permission_classes=[*api_settings.DEFAULT_PERMISSION_CLASSES, IsCasebookAdmin],
        parser_classes=[UnreadBody],
    )
    def import_bundle(self, request: Request) -> Response:
        # the body goes to the one bundle reader unread: it checks the declared size before
        # reading, and words every problem as the page and the command do
        if request.content_type.startswith("multipart/form-data"):
            return Response({"problems": [MULTIPART]}, status=status.HTTP_400_BAD_REQUEST)
        body = request.data if hasattr(request.data, "read") else io.BytesIO()  # empty: {}
        try:
            data = bundle_read(body, size=content_length(request))
            inspection = bundle_import(data=data, user=request.user)
        except BundleTooLarge as exc:
            return Response({"problems": exc.problems}, status=413)
        except BundleError as exc:
            return Response({"problems": exc.problems}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {"inspection": inspection.pk, "cases": inspection.cases.count()},
            status=status.HTTP_201_CREATED,
        )


@extend_schema(
    parameters=[OpenApiParameter("inspection", int, description="only cases of this inspection")]
)
class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases the caller may see, with their answers and evidence."""

    serializer_class = CaseSerializer

    def get_queryset(self) -> QuerySet[Case]:
        qs = cases_for(self.request.user).prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("item").order_by("item__order"),
            )
        )
        inspection = self.request.query_params.get("inspection")
        if inspection:
            if not inspection.isdigit():
                raise Http404("inspection must be a number")
            qs = qs.filter(inspection_id=int(inspection))
        return qs.order_by("inspection_id", "ref")
