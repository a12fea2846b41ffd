"""The throwaway PostgreSQL cluster the store and room tests run against is real and writable."""

import psycopg

from tests.postgres import throwaway_cluster


def test_the_cluster_is_a_real_postgresql_that_keeps_what_is_written(postgres_url: str):
    with psycopg.connect(postgres_url.replace("+psycopg", "")) as conn:
        conn.execute("create table if not exists fixture_probe (word text)")
        conn.execute("insert into fixture_probe values ('kept')")
        conn.commit()
        assert conn.execute("select version()").fetchone()[0].startswith("PostgreSQL 15")
        assert conn.execute("select word from fixture_probe").fetchall() == [("kept",)]
        conn.execute("drop table fixture_probe")
        conn.commit()


def test_a_cluster_listens_on_loopback_only_and_is_gone_once_stopped():
    with throwaway_cluster() as url:
        assert "@127.0.0.1:" in url
        with psycopg.connect(url.replace("+psycopg", "")) as conn:
            assert conn.execute("show listen_addresses").fetchone()[0] == "127.0.0.1"
    try:
        psycopg.connect(url.replace("+psycopg", ""), connect_timeout=2)
    except psycopg.OperationalError:
        return
    raise AssertionError("the cluster still answers after it was stopped")
