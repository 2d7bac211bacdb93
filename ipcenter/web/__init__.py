"""The application frame: layout, dashboard, language, error pages, template filters."""
