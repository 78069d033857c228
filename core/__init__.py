"""Shared services of every app: text, uploads, storage, roles, the access log, the privacy
inventory, spreadsheets, URL numbers, exports, the page cache. Imports no app of the site."""
