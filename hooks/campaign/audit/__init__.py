"""Stage 3, audit: the leak audit over a built site. May import campaign.release and campaign.source; it
never uses the code that made the pages (render), so a rendering mistake cannot hide itself."""
