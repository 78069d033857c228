"""Admin for badge rounds, badge records, early-award requests and holds."""
