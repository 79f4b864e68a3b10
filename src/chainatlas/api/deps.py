"""Dependencies shared by the routers: the database engine of the app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine


async def get_engine(request: Request) -> Engine:
    # async: FastAPI runs a plain `def` dependency in the thread pool, one more hop per request
    return request.app.state.engine


EngineDep = Annotated[Engine, Depends(get_engine)]
