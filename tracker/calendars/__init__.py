"""Calendar feeds: a per-user, revocable secret URL serving the unit's deadlines as iCalendar."""
