"""Pydantic schemas of the JSON API, one module per capability (as the service packages):
`XPublic` for what is returned, `XCreate` for what is sent.

- common: the error shape, service status, paging, plain options
- access: sign-in, tokens, users, organisations, agreements, audit
- registry: enterprises, search, profiles, imports (jobs, row errors, preview)
- atlas: chains, maps, gaps, overview, placements, filters
- evaluation: evaluations and the 梯度培育 report

Money is a decimal string in 万元 (`*_wan_yuan`), never a float. Routes import from the capability
module; the names are gathered here for convenience (tools, scripts).
"""

from __future__ import annotations

from chainatlas.api.schemas.access import (
    AgreementCreate,
    AgreementPublic,
    AuditEntryPublic,
    AuditPagePublic,
    LoginCreate,
    MePublic,
    OrganisationCreate,
    OrganisationPublic,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    TokenRevokedPublic,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from chainatlas.api.schemas.atlas import (
    ChainMapPublic,
    ChainOverviewPublic,
    ChainPagePublic,
    ChainPublic,
    ChainSummaryPublic,
    EdgePublic,
    ExtensionPublic,
    FiltersPublic,
    GapLinkPublic,
    GapReportPublic,
    LinkEnterprisePagePublic,
    LinkEnterprisePublic,
    LinkPublic,
    MapNodePublic,
    OverviewPublic,
    PlacementDecisionCreate,
    PlacementDecisionPublic,
    RegionOption,
    StatusCounts,
)
from chainatlas.api.schemas.common import (
    ErrorBody,
    ErrorDetail,
    ErrorPublic,
    Option,
    PagePublic,
    Ping,
    Ready,
)
from chainatlas.api.schemas.evaluation import (
    CultivationCandidatePublic,
    CultivationReportPublic,
    CultivationTierPublic,
    EvaluationPartPublic,
    EvaluationPublic,
    EvaluationResultPublic,
    NamedChain,
    NamedRegion,
    RuleVersionPublic,
    TitleHolderPublic,
    TitleReviewPublic,
)
from chainatlas.api.schemas.registry import (
    EnterpriseBasicsPublic,
    EnterprisePagePublic,
    EnterprisePublic,
    EnterpriseSummaryPublic,
    ImportJobPagePublic,
    ImportJobPublic,
    ImportPreviewPublic,
    PlacementPublic,
    PreambleLinePublic,
    ReadingColumnPublic,
    ReadingIgnoredPublic,
    ReadingPublic,
    ReadingSheetPublic,
    RowErrorPagePublic,
    RowErrorPublic,
    SkippedRowPublic,
    TagPublic,
)

__all__ = [
    "AgreementCreate", "AgreementPublic", "AuditEntryPublic", "AuditPagePublic", "ChainMapPublic",
    "ChainOverviewPublic", "ChainPagePublic", "ChainPublic", "ChainSummaryPublic", "CultivationCandidatePublic",
    "CultivationReportPublic", "CultivationTierPublic", "EdgePublic", "EnterpriseBasicsPublic",
    "EnterprisePagePublic", "EnterprisePublic", "EnterpriseSummaryPublic", "ErrorBody", "ErrorDetail",
    "ErrorPublic", "EvaluationPartPublic", "EvaluationPublic", "EvaluationResultPublic", "ExtensionPublic",
    "FiltersPublic", "GapLinkPublic", "GapReportPublic", "ImportJobPagePublic", "ImportJobPublic",
    "ImportPreviewPublic", "LinkEnterprisePagePublic", "LinkEnterprisePublic", "LinkPublic", "LoginCreate",
    "MapNodePublic", "MePublic", "NamedChain", "NamedRegion", "Option", "OrganisationCreate", "OrganisationPublic",
    "OverviewPublic", "PagePublic", "Ping", "PlacementDecisionCreate", "PlacementDecisionPublic", "PlacementPublic",
    "PreambleLinePublic", "ReadingColumnPublic", "ReadingIgnoredPublic", "ReadingPublic", "ReadingSheetPublic",
    "Ready", "RegionOption", "RowErrorPagePublic", "RowErrorPublic", "RuleVersionPublic", "SkippedRowPublic",
    "StatusCounts", "TagPublic", "TitleHolderPublic", "TitleReviewPublic", "TokenCreate", "TokenCreated",
    "TokenPublic", "TokenRevokedPublic", "UserCreate", "UserPublic", "UserUpdate"
]
