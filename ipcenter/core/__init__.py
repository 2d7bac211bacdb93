"""The shared kernel: database, clock, calendar, periods, workflow engine, audit, storage, PDF,
numbering and the outbox. It imports no domain package."""
