"""What bench/newsday/run.py prints and keeps: the table, the targets, each change's delay."""

import statistics


def visibility(events):
    """How soon changes showed, publishes and edits apart: median and worst ms, and how many
    did not show before the editor stopped looking."""
    summary = {}
    for action in ("publish", "edit"):
        mine = [
            event for event in events if (event["action"] == "publish") == (action == "publish")
        ]
        seen = [event["visible_ms"] for event in mine if event["visible_ms"] is not None]
        summary[action] = {
            "changes": len(mine),
            "median_ms": statistics.median(seen) if seen else None,
            "worst_ms": max(seen) if seen else None,
            "not_seen": len(mine) - len(seen),
        }
    return summary


def ratios(results):
    phases, out = results["phases"], {}
    if {"cached", "cached-newsday"} <= phases.keys():
        out["newsday_vs_no_edits"] = phases["cached-newsday"]["rps"] / phases["cached"]["rps"]
        out["newsday_p99_ms"] = phases["cached-newsday"]["p99_ms"]
        out["targets_met_gunicorn"] = (
            out["newsday_vs_no_edits"] >= 0.8 and out["newsday_p99_ms"] < 100
        )
    if {"varnish", "varnish-newsday"} <= phases.keys():
        newsday = phases["varnish-newsday"]["rps"]
        out["varnish_newsday_vs_no_edits"] = newsday / phases["varnish"]["rps"]
        out["varnish_newsday_vs_nginx_static"] = newsday / results["nginx-static"]["rps"]
        out["target_met_varnish"] = out["varnish_newsday_vs_nginx_static"] >= 0.5
    out["visibility"] = {
        name: visibility(row["events"]) for name, row in phases.items() if "events" in row
    }
    return out


def report(results):
    print(
        f"\n{results['articles']} articles, {results['conns']} connections, "
        f"{results['duration']} s a phase; editor: a new article every "
        f"{results['editor']['publish_every_s']:.0f} s, an edit every "
        f"{results['editor']['edit_every_s']:.0f} s"
    )
    print("mix: " + ", ".join(f"{name} {share}%" for name, share in results["mix"].items()))
    columns = ("phase", "req/s", "p50 ms", "p99 ms", "errors", "sockerr", "timeouts")
    columns += ("cpu ms", "floor")
    print("{:<16} {:>9} {:>8} {:>8} {:>7} {:>8} {:>8} {:>7} {:>7}".format(*columns))
    floor = results["floor"]["rps"]
    rows = [*results["phases"].items(), ("nginx-static", results["nginx-static"])]
    for name, row in [*rows, ("floor", results["floor"])]:
        print(
            f"{name:<16} {row['rps']:>9.1f} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} "
            f"{int(row['errors']):>7} {int(row['sockerr']):>8} {int(row['timeouts']):>8} "
            f"{row['cpu_ms']:>7.2f} {row['rps'] / floor:>7.1%}"
        )
    out = results["ratios"]
    if "newsday_vs_no_edits" in out:
        print(
            f"news day / no edits, gunicorn: {out['newsday_vs_no_edits']:.1%} (target >= 80%), "
            f"news-day p99 {out['newsday_p99_ms']:.1f} ms (target < 100 ms)"
        )
    if "varnish_newsday_vs_nginx_static" in out:
        print(
            f"news day / no edits, Varnish: {out['varnish_newsday_vs_no_edits']:.1%}; "
            f"Varnish news day / nginx static: {out['varnish_newsday_vs_nginx_static']:.1%}"
            " (target >= 50%)"
        )
    else:
        print(f"Varnish: {results['varnish']}")
    for name, row in results["phases"].items():
        if "events" not in row:
            continue
        print(f"\n{name}: how soon each change was visible (after the editor's save returned)")
        for event in row["events"]:
            seen = event["visible_ms"]
            shown = f"{seen:.0f} ms" if seen is not None else f"not in {event['waited_ms']:.0f} ms"
            print(
                f"  {event['at_s']:>6.1f} s  {event['action']:<8} save {event['save_ms']:>6.0f} ms"
                f"  visible on {event['page'][:40]:<40} {shown}"
            )
        for action, seen in visibility(row["events"]).items():
            if seen["changes"]:
                median, worst = seen["median_ms"], seen["worst_ms"]
                shown = (
                    f"median {median:.0f} ms, worst {worst:.0f} ms"
                    if median is not None
                    else "none"
                )
                print(f"  {action}: {shown}, {seen['not_seen']} of {seen['changes']} not seen")
