"""API (Django REST framework): inspections, results, cases and answers, bundle export, and
bundle import for admins (the same service as `import_bundle` and the import page).

Every queryset goes through the scope helpers (`inspections_for`, `cases_for`), so the API can
never show more than the pages do. Reads are paginated (settings `PAGE_SIZE`).
"""

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from casework.models import Answer, Case
from casework.permissions import cases_for
from inspection.models import Inspection
from inspection.permissions import inspections_for, is_admin, is_lead
from portal.limits import content_length, megabytes
from records.selectors.bundle import bundle_export
from records.services.bundle import bundle_import
from records.services.bundle_format import BundleError, bundle_parse
from reports.selectors import latest_snapshot


class IsCasebookAdmin(BasePermission):
    """The Casebook admin role (not Django staff, which DRF's IsAdminUser checks)."""

    def has_permission(self, request: Request, view) -> bool:
        return is_admin(request.user)


class InspectionSerializer(serializers.ModelSerializer):
    pdu = serializers.CharField(source="pdu.name")
    region = serializers.CharField(source="pdu.region.name")
    framework = serializers.CharField(source="framework.code")
    framework_version = serializers.IntegerField(source="framework.version")

    class Meta:
        model = Inspection
        fields = ["id", "pdu", "region", "framework", "framework_version", "fieldwork_start",
                  "fieldwork_end", "status"]  # fmt: skip


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
        fields = ["id", "inspection", "ref", "case_type", "start_date", "rosh", "gender",
                  "ethnicity", "age_band", "pre_sentence_info", "status", "assigned_to",
                  "answers"]  # fmt: skip


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
        if not is_lead(request.user, inspection):
            raise Http404("No such inspection")
        return Response(bundle_export(inspection=inspection))

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 413: OpenApiTypes.OBJECT},
        description=(
            "Create one inspection from an `inspection-bundle/1` document, all or nothing. "
            'Answers `{"inspection": id, "cases": n}`, or `{"problems": [...]}` naming every '
            "problem with nothing written (413 for a body over the upload limit, UPLOAD_MAX_MB). Admins "
            "only; the caller becomes the lead."
        ),
    )
    @action(detail=False, methods=["post"], url_path="import", permission_classes=[IsCasebookAdmin])
    def import_bundle(self, request: Request) -> Response:
        # the size is checked before the body is read; the body is parsed as the import page
        # and the command parse it (same messages, line and column for a syntax error)
        limit = settings.UPLOAD_MAX_BYTES
        if content_length(request) > limit:
            return Response(
                {"problems": [f"bundle is larger than {megabytes(limit)}: nothing was imported"]},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        try:
            stream = request.stream
            data = bundle_parse(stream.read() if stream is not None else b"")
            inspection = bundle_import(data=data, user=request.user)
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
