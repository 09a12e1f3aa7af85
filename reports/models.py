"""Quarterly reports, agency reports and the compliance checks arrive with the issue that builds
them (README, "Layout"). The archive and the render jobs this app once held are now in the
documents app (migrations 0004 moved their tables' ownership without touching a row)."""
