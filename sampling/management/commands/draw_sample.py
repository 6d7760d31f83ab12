"""draw_sample INSPECTION_ID --size N --seed S [--strata a,b] [--min gender=female:5] [--sample CODE]

With several samples (framework format 2), --sample names the one to draw. Without --strata the
draw is stratified by the framework's declared breakdown attributes (a format-1 framework's case
type, RoSH level and gender: `sampling.services.sampling.default_strata`).

Prints one JSON document: each sampled reference with its stratum, and the reserve list.
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from inspection.management.lookup import inspection_or_error
from inspection.writes import InspectionReadOnly
from sampling.models import MemberRole
from sampling.services.sampling import DEFAULT_RESERVES, DEFAULT_STRATA, parse_minimum, sample_draw


class Command(BaseCommand):
    help = "Draw the stratified sample of an inspection from its committed cohort."

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int)
        parser.add_argument("--size", type=int, required=True)
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument(
            "--strata",
            default=None,
            metavar="A,B",
            help=(
                "the attributes to stratify by, comma-separated; default: the framework's declared"
                f" breakdown attributes ({','.join(DEFAULT_STRATA)} for a format-1 framework)"
            ),
        )
        parser.add_argument(
            "--min", action="append", default=[], dest="minimums", metavar="ATTR=VALUE:N"
        )
        parser.add_argument("--reserves", type=int, default=DEFAULT_RESERVES)
        parser.add_argument(
            "--sample", default=None, help="the sample's code (required with several samples)"
        )

    def handle(
        self, *args, inspection_id, size, seed, strata, minimums, reserves, sample, **options
    ):
        inspection = inspection_or_error(inspection_id)
        try:
            draw = sample_draw(
                inspection=inspection,
                size=size,
                seed=seed,
                strata=None
                if strata is None
                else [s.strip() for s in strata.split(",") if s.strip()],
                minimums=[parse_minimum(m) for m in minimums],
                reserves=reserves,
                sample=sample,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except InspectionReadOnly as exc:  # published or anonymised
            raise CommandError(str(exc)) from exc
        members = draw.members.select_related("record").order_by("stratum", "rank")
        doc = {
            "inspection": inspection.pk,
            **({"sample_code": draw.sample} if sample else {}),
            "seed": draw.seed,
            "size": draw.size,
            "strata": draw.strata,
            "minimums": draw.minimums,
            "allocation": draw.allocation,
            "sample": [
                {"ref": m.record.ref, "stratum": m.stratum}
                for m in members
                if m.role == MemberRole.SELECTED
            ],
            "reserve": [
                {"ref": m.record.ref, "stratum": m.stratum, "rank": m.rank}
                for m in members
                if m.role == MemberRole.RESERVE
            ],
        }
        self.stdout.write(json.dumps(doc, indent=2))
