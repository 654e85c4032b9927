"""`POST /crm/v3/objects/{objectType}/search`: the route over `search.compile_search`.

The response is `{total, results, paging}`; `total` counts every match (HubSpot reports it
even past the 10,000-result ceiling) and `paging.next.after` is the next offset, omitted on the
last page or when the next page would cross the ceiling.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..search import MAX_RESULTS, compile_search
from ..store_records import record_doc
from .common import body, object_type, store
from .records import project


async def search(request: Request) -> Response:
    ot = object_type(request)
    data = await body(request)
    st = store(request)
    plan = compile_search(ot, data, st.property_map(ot))
    base = f"FROM objects WHERE object_type = ? AND archived = 0 AND ({plan.where})"
    params = [ot, *plan.params]
    total = int(st.query(f"SELECT COUNT(*) AS n {base}", params)[0]["n"])
    rows = st.query(
        f"SELECT * {base} ORDER BY {plan.order_by} LIMIT ? OFFSET ?",
        [*params, plan.limit, plan.offset],
    )
    results = [project(record_doc(r), ot, plan.properties) for r in rows]
    out: dict[str, object] = {"total": total, "results": results}
    following = plan.offset + plan.limit
    if plan.limit and following < min(total, MAX_RESULTS):
        out["paging"] = {"next": {"after": str(following)}}
    return JSONResponse(out)


def routes(prefix: str) -> list[Route]:
    """The search route under `prefix` (`/crm/v3/objects`)."""
    return [Route(prefix + "/{objectType}/search", search, methods=["POST"])]
