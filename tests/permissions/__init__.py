"""The URL permission walk.

`test_url_walk.py` GETs every named URL of the project as five roles and compares the status
with what the `expect_*.py` modules of this package declare. Each module holds:

    EXPECTATIONS: dict[str, dict[str, int]]
        "namespace:name" -> {role: expected GET status} for every role in ROLES below.
    def kwargs(world) -> dict[str, dict]      (optional)
        "namespace:name" -> URL kwargs, built from the `world` (see test_url_walk.World).

Roles: "anonymous" (not signed in: login-required pages redirect, 302), "outsider" (an inspector
on another inspection: rows outside scope are 404), "inspector" (on the inspection, assigned the
case), "second_reader" (an inspector on the inspection who is the blind second reader of the
case: the case's first reading is outside their scope), "lead" (lead inspector of the
inspection), "admin" (site-wide Casebook admin).
"""

ROLES = ("anonymous", "outsider", "inspector", "second_reader", "lead", "admin")
