"""Administration: organisations, users, the working-day calendar."""
