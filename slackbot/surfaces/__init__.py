"""What renders a surface from the database: services in, Block Kit out; no Slack calls."""
