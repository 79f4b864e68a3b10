"""Page routes. Each page is a template; its data comes from the JSON API in the browser,
so every page's data is also available as JSON. Handlers call services only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from chainatlas.domain.access import FIELD_GROUPS, ORG_KIND_LABELS, ROLE_LABELS, Permission, Viewer
from chainatlas.domain.casework import SATISFACTION_LABELS, STATE_LABELS
from chainatlas.domain.projects import ALL_STATES, SOURCES, STAGE_LABELS
from chainatlas.domain.projects import LISTS as PROJECT_LISTS
from chainatlas.domain.research import STATUSES as RESULT_STATUSES
from chainatlas.domain.research import TRANSFER_MODES
from chainatlas.domain.risk_rules import LEVEL_LABELS as RISK_LEVELS
from chainatlas.http.deps import ViewerDep
from chainatlas.services import access, atlas, casework, demo, monitoring
from chainatlas.web import assets, i18n, nav

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(include_in_schema=False)
ChainQuery = Annotated[str | None, Query(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]


def render(request: Request, template: str, page: str, viewer: Viewer | None, status_code: int = 200,
           **context: Any) -> Response:
    """A page in the request's language for the signed-in viewer; `?lang=` is remembered in a cookie."""
    lang = i18n.language(request)
    engine = request.app.state.engine
    response = templates.TemplateResponse(request, template, {
        "lang": lang, "t": i18n.translator(lang), "page": page, "api": "/api/v1",
        "catalogue": json.dumps(i18n.MESSAGES[lang], ensure_ascii=False).replace("</", "<\\/"),
        "demo": request.app.state.demo_note, "missing_assets": assets.missing(),
        "chains": atlas.list_chains(engine) if viewer else [], "viewer": viewer,
        "role_label": ROLE_LABELS[viewer.role] if viewer else None, "menu": nav.bar_for(viewer),
        "can": (lambda p: viewer.can(Permission(p))) if viewer else (lambda p: False),
        "csrf": getattr(request.state, "csrf_token", ""), **context}, status_code=status_code)
    if request.query_params.get("lang") in i18n.LANGUAGES:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


def _chain_or_first(request: Request, chain: str | None) -> str | None:
    if chain:
        atlas.get_chain(request.app.state.engine, chain)  # a clear 404 for an unknown chain
        return chain
    chains = atlas.list_chains(request.app.state.engine)
    preferred = [c["id"] for c in chains if c["id"] == "lithium-battery"]
    return (preferred or [c["id"] for c in chains] or [None])[0]


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, viewer: ViewerDep) -> Response:
    return render(request, "overview.html", "overview", viewer)


@router.get("/map", response_class=HTMLResponse)
def chain_map(request: Request, viewer: ViewerDep, chain: ChainQuery = None) -> Response:
    return render(request, "chain_map.html", "map", viewer, chain=_chain_or_first(request, chain))


@router.get("/gaps", response_class=HTMLResponse)
def gaps(request: Request, viewer: ViewerDep, chain: ChainQuery = None) -> Response:
    return render(request, "gaps.html", "gaps", viewer, chain=_chain_or_first(request, chain))


@router.get("/targets", response_class=HTMLResponse)
def target_map(request: Request, viewer: ViewerDep, chain: ChainQuery = None) -> Response:
    return render(request, "targets.html", "targets", viewer, chain=_chain_or_first(request, chain))


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, viewer: ViewerDep, chain: ChainQuery = None,
              region: Annotated[str | None, Query(pattern=r"^(\d{6})?$")] = None,
              month: Annotated[str | None, Query(pattern=r"^(\d{4}-\d{2})?$")] = None) -> Response:
    """运行监测: a chain's dashboard; the figures come from /api/v1/chains/{chain}/dashboard in the browser."""
    return render(request, "dashboard.html", "dashboard", viewer, chain=_chain_or_first(request, chain),
                  region=region or "", month=month or "")


@router.get("/target-weights", response_class=HTMLResponse)
def target_weights(request: Request, viewer: ViewerDep) -> Response:
    """The deployment's ranking weights of investment targets, set by an administrator."""
    viewer.require(Permission.MANAGE_USERS)
    return render(request, "target_weights.html", "target_weights", viewer)


@router.get("/enterprises", response_class=HTMLResponse)
def registry(request: Request, viewer: ViewerDep) -> Response:
    return render(request, "enterprises.html", "registry", viewer)


@router.get("/enterprises/{key}", response_class=HTMLResponse)
def profile(request: Request, viewer: ViewerDep, key: Annotated[str, PathParam(pattern=r"^(\d{1,12}|[0-9A-Za-z]{18})$")]) -> Response:
    return render(request, "enterprise.html", "registry", viewer, key=key)


@router.get("/enterprises/{key}/evaluation", response_class=HTMLResponse)
def evaluation(request: Request, viewer: ViewerDep, key: Annotated[str, PathParam(pattern=r"^(\d{1,12}|[0-9A-Za-z]{18})$")]
               ) -> Response:
    return render(request, "evaluation.html", "registry", viewer, key=key)


@router.get("/cultivation", response_class=HTMLResponse)
def cultivation(request: Request, viewer: ViewerDep, chain: ChainQuery = None) -> Response:
    return render(request, "cultivation.html", "cultivation", viewer, chain=chain or "")


@router.get("/import", response_class=HTMLResponse)
def data_import(request: Request, viewer: ViewerDep) -> Response:
    return render(request, "import.html", "import", viewer)


@router.get("/problems", response_class=HTMLResponse)
def problems(request: Request, viewer: ViewerDep) -> Response:
    own = next((a.enterprise_id for a in viewer.areas if not a.shared and a.enterprise_id is not None), None)
    return render(request, "problems.html", "problems", viewer, states=STATE_LABELS, stats_by=casework.STATS_BY,
                  categories=casework.categories(request.app.state.engine, viewer=viewer), own_enterprise=own,
                  may_record=viewer.can(Permission.WRITE_REGISTRY) or own is not None)


@router.get("/problems/{problem_id}", response_class=HTMLResponse)
def problem(request: Request, viewer: ViewerDep, problem_id: Annotated[int, PathParam(ge=1, le=2**63 - 1)]) -> Response:
    return render(request, "problem.html", "problems", viewer, problem_id=problem_id,
                  satisfactions=SATISFACTION_LABELS)


@router.get("/risks", response_class=HTMLResponse)
def risks(request: Request, viewer: ViewerDep, chain: ChainQuery = None) -> Response:
    own = viewer.own_region()
    return render(request, "risks.html", "risks", viewer, chain=chain or "", levels=RISK_LEVELS, own_region=own,
                  may_scan=viewer.can(Permission.WRITE_REGISTRY) and (viewer.everything or own is not None),
                  may_ack=viewer.can(Permission.WRITE_REGISTRY),
                  may_edit_rules=viewer.can(Permission.WRITE_REGISTRY) and viewer.role in monitoring.RULE_EDITORS)


@router.get("/login", response_class=HTMLResponse)
def login(request: Request, next: Annotated[str, Query(max_length=300)] = "/") -> Response:
    safe_next = next if next.startswith("/") and not next.startswith("//") else "/"
    shown = access.demo_users(request.app.state.engine) if request.app.state.demo_note else []
    return render(request, "login.html", "login", None, next=safe_next, demo_accounts=shown,
                  demo_password=demo.DEMO_PASSWORD, landing=json.dumps(nav.LANDING))


@router.get("/sharing", response_class=HTMLResponse)
def sharing(request: Request, viewer: ViewerDep) -> Response:
    return render(request, "sharing.html", "sharing", viewer, fields=FIELD_GROUPS)


@router.get("/audit", response_class=HTMLResponse)
def audit_log(request: Request, viewer: ViewerDep) -> Response:
    viewer.require(Permission.AUDIT)
    return render(request, "audit.html", "audit", viewer, actions=access.AUDIT_ACTION_LABELS)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, viewer: ViewerDep) -> Response:
    return render(request, "account.html", "account", viewer, roles=ROLE_LABELS, kinds=ORG_KIND_LABELS)


# ---- work lists (发展目标、重大项目与招商项目、科研成果) -------------------------------------------------
ItemId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]


def _lists(request: Request, template: str, viewer: Viewer, tab: str, **context: Any) -> Response:
    """A work-list page: the three lists share one menu entry and a row of tabs; the vocabularies the
    forms and filters need (stages, lists, statuses) go to the script as JSON."""
    vocab = {"stages": [{"id": s, "label": STAGE_LABELS[s]} for s in ALL_STATES],
             "lists": [{"id": k, "label": v} for k, v in PROJECT_LISTS.items()],
             "statuses": [{"id": k, "label": v} for k, v in RESULT_STATUSES.items()],
             "modes": [{"id": k, "label": v} for k, v in TRANSFER_MODES.items()],
             "sources": list(SOURCES),
             "chains": {c["id"]: {"name": c["name"], "name_en": c.get("name_en")}
                        for c in atlas.list_chains(request.app.state.engine)}}
    return render(request, template, tab, viewer, tab=tab, stages=STAGE_LABELS, project_lists=PROJECT_LISTS,
                  result_statuses=RESULT_STATUSES, transfer_modes=TRANSFER_MODES, sources=SOURCES,
                  vocab=json.dumps(vocab, ensure_ascii=False).replace("</", "<\\/"), **context)


@router.get("/goals", response_class=HTMLResponse)
def goals_page(request: Request, viewer: ViewerDep) -> Response:
    return _lists(request, "goals.html", viewer, "goals")


@router.get("/goals/{goal_id}", response_class=HTMLResponse)
def goal_page(request: Request, viewer: ViewerDep, goal_id: ItemId) -> Response:
    return _lists(request, "goal.html", viewer, "goals", item_id=goal_id)


@router.get("/projects", response_class=HTMLResponse)
def projects_page(request: Request, viewer: ViewerDep) -> Response:
    return _lists(request, "projects.html", viewer, "projects")


@router.get("/projects/{project_id}", response_class=HTMLResponse)
def project_page(request: Request, viewer: ViewerDep, project_id: ItemId) -> Response:
    return _lists(request, "project.html", viewer, "projects", item_id=project_id)


@router.get("/results", response_class=HTMLResponse)
def results_page(request: Request, viewer: ViewerDep) -> Response:
    return _lists(request, "results.html", viewer, "results")


@router.get("/results/{result_id}", response_class=HTMLResponse)
def result_page(request: Request, viewer: ViewerDep, result_id: ItemId) -> Response:
    return _lists(request, "result.html", viewer, "results", item_id=result_id)


@router.get("/favicon.ico")
def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg")


def render_error_page(request: Request, status: int, error: dict[str, Any]) -> Response:
    """The HTML page for an error on a page route (the API answers JSON)."""
    lang = i18n.language(request)
    return templates.TemplateResponse(request, "error.html", {
        "lang": lang, "t": i18n.translator(lang), "page": "", "status": status, "error": error,
        "catalogue": "{}", "demo": None, "missing_assets": [], "chains": [], "api": "/api/v1", "viewer": None, "menu": [],
        "can": lambda p: False, "csrf": ""},
        status_code=status)


def install(app: FastAPI) -> None:
    """Mount static files and pages on the app; vendor files are copied from node_modules if missing."""
    still_missing = assets.ensure_vendor()
    if still_missing:
        import logging

        logging.getLogger("chainatlas.web").warning("前端组件缺失：%s（npm ci && npm run build）",
                                                    "、".join(still_missing))
    app.state.demo_note = atlas.demo_note(app.state.engine)
    app.state.render_error_page = render_error_page
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(router)
