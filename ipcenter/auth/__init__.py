"""Organisations, users, roles, sign-in, and the permission policy."""
