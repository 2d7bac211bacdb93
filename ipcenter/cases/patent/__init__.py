"""Patent disputes (专利侵权纠纷行政裁决): the workflow table, the services, what the shared case
machinery asks of the kind, and the catalogue of its official documents. Imports the shared
modules of ``ipcenter.cases`` and ``ipcenter.matters``, never ``ipcenter.cases.trademark``."""
