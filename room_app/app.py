"""Room hosting, for participants: join with the code, read the story, answer, see your reflection.

The entry script of `make room`: its own pages directory holds only the room's pages, so no page of
the personal app (history, drafts, lock, privacy) exists on this server.
"""

from components import room
from components.loading import guess_limiter, rubric_or_stop

room.page_setup("Join a room")
rubric = rubric_or_stop()
room.participate(room.rooms_or_stop(rubric), guess_limiter())
