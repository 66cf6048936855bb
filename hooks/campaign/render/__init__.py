"""Stage 3, render: every generated page (one module per page family), feeds, calendars, charts and the
repairs made to the theme's HTML. May import campaign.release and campaign.source; never the audit."""
