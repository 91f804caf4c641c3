"""GitHub Actions workflow-command annotations: findings shown on the files in a pull request.

One `::error file=…,line=…,col=…,title=…::message` line per claim of every unsuppressed
finding, so each article involved in a disagreement carries the annotation at the very
sentence, with what that article says.  Suppressed findings are omitted: an annotation
asks for action and a suppression records that none is needed.  Values are escaped as
the runner unescapes them, since article text may hold "::", "%" or newlines that would
otherwise end or forge a command.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path, PurePath

from checker.articleseq import article_index
from checker.model import ArticleInfo, Claim, Finding, Level, RunResult
from checker.report.base import ReportOptions, sorted_claims, sorted_findings, summarize
from checker.report.base import summary_line as base_summary_line

COMMAND: Mapping[Level, str] = {
    Level.ERROR: "error",
    Level.WARNING: "warning",
    Level.NOTE: "notice",
}


def escape_data(text: str) -> str:
    """The message part of a command: the runner decodes %25, %0D and %0A."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A `key=value` property: as data, plus ':' and ',' which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def article_file(article_id: str, articles: Mapping[str, ArticleInfo], cwd: Path) -> str:
    """The article's path as GitHub resolves `file=`: relative to the workspace.

    The job runs from the repository root, so a relative path is used as is and an
    absolute one is made relative to the working directory when it lies inside it;
    otherwise the article id is the best name left.
    """
    info = articles.get(article_id)
    if info is None:
        return article_id
    path = PurePath(info.path)
    if not path.is_absolute():
        return path.as_posix()
    if path.is_relative_to(cwd):
        return path.relative_to(cwd).as_posix()
    return article_id


def annotation_text(finding: Finding, claim: Claim) -> str:
    """The finding, its reason, then what this particular article says."""
    value = claim.value.display()
    if claim.qualifier:
        value = f"{claim.qualifier} {value}"
    lines = [finding.message]
    if finding.explanation:
        lines.append(finding.explanation)
    if finding.review:
        lines.append(f"Review: {finding.review}")
    lines.append(f"This article: {value}")
    return "\n".join(lines)


def annotation(finding: Finding, claim: Claim, file: str) -> str:
    """One workflow command for one claim of one finding."""
    ev = claim.evidence
    props = {
        "file": file,
        "line": str(ev.line),
        "col": str(ev.column),
        "title": f"{finding.fact_id} {finding.kind.value}",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    return f"::{COMMAND[finding.level]} {joined}::{escape_data(annotation_text(finding, claim))}"


def workflow_commands(result: RunResult, cwd: Path) -> Iterator[str]:
    """Commands for every claim of every unsuppressed finding, each line once, in order."""
    articles = article_index(result.articles)
    seen: set[str] = set()
    for finding in sorted_findings(result.findings):
        if finding.suppressed_by is not None:
            continue
        for claim in sorted_claims(finding.claims):
            file = article_file(claim.evidence.article_id, articles, cwd)
            line = annotation(finding, claim, file)
            if line not in seen:
                seen.add(line)
                yield line


def summary_line(result: RunResult) -> str:
    """A plain last line for the job log; not a command, so it does not annotate anything."""
    return f"factcheck: {base_summary_line(summarize(result))}"


class GithubReporter:
    """`--format github`; prints to the job log, where the runner turns lines into annotations."""

    name: str = "github"
    extension: str = ".txt"

    def render(self, result: RunResult, options: ReportOptions) -> str:
        lines = [*workflow_commands(result, Path.cwd()), summary_line(result)]
        return "\n".join(lines) + "\n"
