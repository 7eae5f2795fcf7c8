"""Browser journeys: Playwright on Debian's Chromium against live_server."""
