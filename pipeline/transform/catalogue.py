"""Imports every indicator module so that the registry holds the whole catalogue."""
from pipeline.transform import child_protection, children_in_care, lado, reviews, service  # noqa: F401
from pipeline.transform import conferences, escalation_effect, lado_timeliness, oversight  # noqa: F401
from pipeline.transform import liberty  # noqa: F401
from pipeline.transform import representation  # noqa: F401
from pipeline.transform.registry import REGISTRY

__all__ = ["REGISTRY"]
