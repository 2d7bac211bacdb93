"""Case tasks: rendering an official document and extracting a file's text, the kernel's
(``matters.rendering.Rendering.tasks``) for the cases' documents (``cases.rendering``): each is
service calls in units of work, safe to run twice, retried on database and broker errors
(``ipcenter.core.tasks.RETRYING``).

A render that fails for another reason (the template cannot be filled, the PDF cannot be made)
marks the document failed and says why in the log: the case page shows it, ``flask search
check`` lists it and ``--repair`` queues it again once the cause is fixed.
"""

from __future__ import annotations

from ipcenter.cases import rendering

rendering.register_owed()

render_document, extract_text = rendering.RENDERING.tasks()
