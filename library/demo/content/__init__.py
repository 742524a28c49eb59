"""Demo library pages by language; each module exposes METHODS, RESOURCES and CASE_STUDIES lists of dicts."""

from . import en, km, lo, th, vi

MODULES = (en, km, lo, th, vi)


def all_specs():
    """Return every page spec in creation order: methods, then resources, then case studies; originals first."""
    methods, resources, cases = [], [], []
    for module in MODULES:
        methods += [{**spec, "kind": "method"} for spec in module.METHODS]
        resources += [{**spec, "kind": "resource"} for spec in module.RESOURCES]
        cases += [
            {**spec, "kind": "case-study", "body": [("paragraph", module.ILLUSTRATIVE), *spec.get("body", ())]}
            for spec in module.CASE_STUDIES
        ]
    ordered = []
    for group in (methods, resources, cases):
        ordered += [spec for spec in group if not spec.get("translation_of")]
        ordered += [spec for spec in group if spec.get("translation_of")]
    return ordered
