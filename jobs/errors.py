"""Errors the user can fix; the CLI prints their Russian message without a traceback."""


class UserError(Exception):
    """Something in the user's input, settings or environment is wrong.

    The message is Russian and says where and what is expected.
    """
