"""The rooms benchmark runs its room through four processes on PostgreSQL and stores every answer."""

from bench.rooms import PROCESSES, bench_room
from tests.room_db import fresh_postgres_database, room_rows


def test_a_small_benchmark_room_stores_every_answer_and_is_closed_after(postgres_url):
    with fresh_postgres_database(postgres_url) as url:
        measured = bench_room(url, 2 * PROCESSES)
        assert measured["answer"]["samples"] == 2 * PROCESSES  # every participant's answer was timed
        assert measured["refresh_full"]["samples"] > 0
        assert room_rows(url) == 0
