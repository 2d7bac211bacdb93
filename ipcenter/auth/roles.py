"""The roles of DESIGN.md ("Users and what they see")."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    FIRM = "firm"
    AGENT = "agent"
    ADJUDICATOR = "adjudicator"
    ENFORCER = "enforcer"
    EXAMINER = "examiner"
    FUND_MANAGER = "fund_manager"
    BANK = "bank"
    VALUER = "valuer"        # 评估机构: values the pledged rights (pledge financing)
    INSURER = "insurer"      # 保险机构: covers the pledged loans (pledge financing)
    DIRECTOR = "director"
    ADMIN = "admin"
    PROVINCIAL = "provincial"  # 省局: reads the statistics, nothing else


ROLE_LABELS = {
    Role.FIRM: _l("Firm"),
    Role.AGENT: _l("Agent"),
    Role.ADJUDICATOR: _l("Adjudicator"),
    Role.ENFORCER: _l("Enforcement officer"),
    Role.EXAMINER: _l("Pre-examiner"),
    Role.FUND_MANAGER: _l("Fund manager"),
    Role.BANK: _l("Bank reviewer"),
    Role.VALUER: _l("Valuer"),
    Role.INSURER: _l("Insurer"),
    Role.DIRECTOR: _l("Director"),
    Role.ADMIN: _l("Administrator"),
    Role.PROVINCIAL: _l("Provincial office reader"),
}


class OrgKind(StrEnum):
    CENTRE = "centre"
    FIRM = "firm"
    BANK = "bank"
    AGENCY = "agency"
    VALUER = "valuer"        # 评估机构 (e.g. 中山市云创知识产权服务有限公司)
    INSURER = "insurer"      # 保险机构 (e.g. 人保财险中山分公司)
    PROVINCE = "province"    # 省知识产权局: the provincial office, a reader of the statistics
    PLATFORM = "platform"    # 电子商务平台: files trademark complaints for right holders


ORG_KIND_LABELS = {
    OrgKind.CENTRE: _l("The centre"),
    OrgKind.FIRM: _l("Firm"),
    OrgKind.BANK: _l("Bank"),
    OrgKind.AGENCY: _l("Agency"),
    OrgKind.VALUER: _l("Valuation firm"),
    OrgKind.INSURER: _l("Insurance company"),
    OrgKind.PROVINCE: _l("Provincial office"),
    OrgKind.PLATFORM: _l("E-commerce platform"),
}

# Which roles a user of each kind of organisation may hold: a bank's staff cannot be made
# adjudicators, a firm's staff cannot review loans;
# a valuer's staff value rights and an insurer's staff decide cover, nothing else; the
# provincial office reads the statistics; an e-commerce platform files complaints for the right
# holders on it, as an agent does.
ROLES_BY_ORG_KIND = {
    OrgKind.CENTRE: {Role.ADJUDICATOR, Role.ENFORCER, Role.EXAMINER, Role.FUND_MANAGER,
                     Role.DIRECTOR, Role.ADMIN},
    OrgKind.FIRM: {Role.FIRM},
    OrgKind.BANK: {Role.BANK},
    OrgKind.AGENCY: {Role.AGENT},
    OrgKind.VALUER: {Role.VALUER},
    OrgKind.INSURER: {Role.INSURER},
    OrgKind.PROVINCE: {Role.PROVINCIAL},
    OrgKind.PLATFORM: {Role.AGENT},
}

# Roles that read the statistics and nothing else: no case, loan, request, search result,
# export or worklist (the provincial office's reader).
STATISTICS_ONLY = frozenset({Role.PROVINCIAL})

# Separation of duties (DESIGN.md, "Users and what they see"). The administrator manages
# organisations and accounts and sees who did what in the audit log, never a case: an account
# holding a role of HELD_ALONE holds no other role.
HELD_ALONE = frozenset({Role.ADMIN})

# Roles an admin cannot give on its own: the admin proposes, a director confirms (a second
# person). The director sees every case.
NEEDS_CONFIRMATION = frozenset({Role.DIRECTOR})


def clash(roles) -> Role | None:
    """The role of HELD_ALONE that ``roles`` combine with another role, or ``None``."""
    wanted = {Role(r) for r in roles}
    for role in sorted(wanted & HELD_ALONE):
        if len(wanted) > 1:
            return role
    return None
