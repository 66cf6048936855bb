"""Stage 5, commands: what the Makefile runs (build, check, new, schema, schedule, serve/preview, publish,
rollback, health). May import every stage; nothing imports commands."""
