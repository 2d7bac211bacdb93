"""The pledge scheme's rules as pure modules (DOMAIN.md §4): no Flask app, no database, no
clock — each takes the day and the figures (``parameters.as_of(day)``) it applies. Services
fill their inputs from the register and the ledger; checks return ``Reason``s (every failed
criterion, named) and ``reasons.refuse_if`` raises them as one ``Refused`` (an
``InvalidInput``); malformed input raises ``InvalidInput`` in Chinese, never a bare error.

- ``parameters``: the versioned figures, each with the day it took effect, its basis and
  whether it is law (中市监〔2021〕216号, 2021-09-10) or the centre's configurable choice:
  ¥10m per firm, 54:26:16:4, 10× leverage, the ¥70m pool (40m central + 30m city), the
  loan-to-value shares per kind, the default trigger (90 days, unconfirmed), interest in the
  loss (off), subsidies (off).
- ``eligibility``: whether a firm may enter the pool (216号's criteria as parameters: Zhongshan
  registration from the USCC, enterprise, ≥ 1 year, SME, clean credit for 3 years, allowed use)
  and its priority (rights from universities or SOEs); every failed criterion named.
- ``collateral``: whether each right may be pledged, from a register snapshot
  (``RightSnapshot.from_standing`` over ``ip.register.standing_on``; CNIPA's refusal grounds for
  pledge registration, the right's last day from ``ip.terms``); a pending invalidation or case
  is a warning, registration still possible with written confirmation.
- ``ltv``: the loan within Σ valuation × share per kind (a bank may set lower) and the firm's
  open loans within the per-firm cap.
- ``pool``: the covered principal after an approval within 10 × the pool's balance.
- ``schedule``: 等额本息 and 先息后本 schedules to the fen (the last instalment absorbs the
  rounding), what is overdue on a day, default after ``default_days``, the unpaid principal
  and accrued interest.
- ``compensation``: the loss split 54:26:16:4 with ``allocate``, the pool's share capped at
  its balance (the excess stays with the bank, no one else's share grows); recoveries returned
  pro rata to what each bore.
- ``subsidies``: interest and valuation-fee subsidies with caps.
- ``reasons``: ``Reason`` (code, message in the user's language, basis), ``Refused`` and the
  one reading of amounts, rates, terms and days (``InvalidInput`` in Chinese when malformed).
"""
