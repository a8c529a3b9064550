"""isp-b2b-kit jobs: operator folder, registers, state, mail, scheduled jobs, CLI."""
