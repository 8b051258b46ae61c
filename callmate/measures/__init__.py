"""What the statistics measure: the adherence score, and the shapes of the figures a team lead
is shown."""
