"""Stage 2, release: the status of every item at one instant (the Snapshot) and the instants at which the
output changes. May import campaign.source only."""
