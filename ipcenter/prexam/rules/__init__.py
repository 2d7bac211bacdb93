"""The rapid pre-examination's rules as pure modules (专利快速预审, DOMAIN.md §3): no Flask app, no
database, no clock — each takes the day and the data it applies (the scope table, the service
targets) as arguments. Checks return ``core.reasons.Reason``s (every failed criterion, named, in
the user's language, with its basis); malformed input raises ``InvalidInput`` in Chinese.

- ``scope``: the centre's technical fields as dated rows (10 IPC subclasses for utility models,
  the 7 Locarno subclasses of class 26 for designs), the normalisation of a classification to
  its subclass, and whether a request is in scope on a day.
- ``documents``: the documents each kind of request needs (专利法第二十六条、第二十七条) and the
  file types accepted.
- ``eligibility``: the checker shown to the firm before it submits and enforced on submission
  (备案 approved and in force, Zhongshan registration, kind, scope, the same-day undertaking,
  joint applicants' contract, universities' proof, the documents), and the 备案 check.
- ``checklist``: the formal checks an examiner ticks per kind, each with its article (专利法 and
  the 实施细则 as renumbered in 2023), and the bases an opinion's points may cite.
- ``targets``: the centre's service targets (working days per step, the reply period, the
  maximum number of rounds) as dated versions — the centre's choice, not law.
"""
