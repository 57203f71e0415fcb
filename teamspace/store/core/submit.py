"""The one write path of the CLI and the TUI: straight to the share, else the outbox.

When no outbox file exists (the usual case) the writer runs directly with a fresh
operation id, and the outbox module is not even imported (~2 ms per CLI call).  If the
share turns out to be unavailable, or writes already wait in the outbox, the write goes
through :func:`teamspace.store.core.outbox.submit` with the same operation id, so it lands
exactly once and in order.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from teamspace.errors import Unavailable
from teamspace.store.core.connection import Workspace, new_op_id
from teamspace.store.core.replay import writer_name


def submit(workspace: Workspace, writer: Callable[..., Any], **kwargs: Any) -> Any:
    """Run ``writer(workspace, op_id=…, **kwargs)``; queue it if the share is unavailable."""
    from teamspace.config import outbox_path

    op_id = new_op_id()
    failed: str | None = None
    if not os.path.exists(outbox_path()):
        try:
            return writer(workspace, op_id=op_id, **kwargs)
        except Unavailable as exc:
            failed = str(exc)
    from teamspace.store.core import outbox

    return outbox.submit(workspace, writer_name(writer), kwargs, op_id=op_id, failed=failed)
