"""Shared IP vocabulary and the rights register, below the domains.

``numbers`` (patent and trademark registration numbers), ``uscc`` (统一社会信用代码),
``classes`` (IPC sections, Locarno and Nice classes), ``terms`` (how long a right lasts),
``models`` (``Right``, ``RightEvent``) and ``register`` (the service every domain calls).
``search`` registers the code types (patent, trademark, uscc) with ``ipcenter.search``; apart
from it, ip imports ``ipcenter.core`` only. Domains import it, and hear of each other's news
through its ``right_event`` signal instead of importing each other.
"""
