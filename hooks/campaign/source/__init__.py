"""Stage 1, source: reading and checking what editors wrote (the plan, data files, pages, audio and
transcripts), times and the clock, and the site addresses items get. Imports nothing else of campaign."""
