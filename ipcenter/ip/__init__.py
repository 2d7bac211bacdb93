"""Shared IP vocabulary and the rights register, below the domains.

``numbers`` (patent and trademark registration numbers), ``uscc`` (统一社会信用代码),
``classes`` (IPC sections, Locarno and Nice classes), ``terms`` (how long a right lasts),
``models`` (``Right``, ``RightEvent``) and ``register`` (the service every domain calls).
It imports ``ipcenter.core`` only; domains import it, and hear of each other's news through
its ``right_event`` signal instead of importing each other.
"""
