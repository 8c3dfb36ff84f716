using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

/// <summary>The snapshot helper is test infrastructure other tests trust, so it has tests of its own.</summary>
[Trait(TestTier.Trait, TestTier.Fast)]
public sealed class SnapshotTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pk-snapshot-tests-").FullName;

    [Fact]
    public void Missing_snapshot_is_written_and_passes_locally()
    {
        new Snapshot(_folder, isCi: false, updateAll: false).Match("first", "hello\r\nworld");

        Assert.Equal("hello\nworld\n", File.ReadAllText(Path.Combine(_folder, "first.approved.txt")));
    }

    [Fact]
    public void Missing_snapshot_fails_on_ci_so_it_gets_committed()
    {
        var error = Assert.Throws<SnapshotMismatchException>(() => new Snapshot(_folder, isCi: true, updateAll: false).Match("ci", "text"));

        Assert.Contains("Commit it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_text_passes_whatever_the_line_endings()
    {
        File.WriteAllText(Path.Combine(_folder, "same.approved.txt"), "a\nb\n");

        new Snapshot(_folder, isCi: true, updateAll: false).Match("same", "a\r\nb");
    }

    [Fact]
    public void Different_text_fails_with_the_differing_line_and_keeps_the_received_file()
    {
        File.WriteAllText(Path.Combine(_folder, "changed.approved.txt"), "one\ntwo\nthree\n");

        var error = Assert.Throws<SnapshotMismatchException>(() => new Snapshot(_folder, isCi: false, updateAll: false).Match("changed", "one\n2\nthree"));

        Assert.Contains("line 2:\n  - two\n  + 2", error.Message, StringComparison.Ordinal);
        Assert.Equal("one\n2\nthree\n", File.ReadAllText(Path.Combine(_folder, "changed.received.txt")));
        Assert.Equal("one\ntwo\nthree\n", File.ReadAllText(Path.Combine(_folder, "changed.approved.txt")));
    }

    [Fact]
    public void Update_mode_accepts_the_new_text()
    {
        File.WriteAllText(Path.Combine(_folder, "update.approved.txt"), "old\n");

        new Snapshot(_folder, isCi: true, updateAll: true).Match("update", "new");

        Assert.Equal("new\n", File.ReadAllText(Path.Combine(_folder, "update.approved.txt")));
    }

    [Fact]
    public void Scrub_hides_ports_guids_and_the_year_only()
    {
        var scrubbed = OutputTree.Scrub("http://localhost:5123 5b0c8f47-3d7e-4a52-9a0e-6f2d1c9b7e31 Copyright (c) 2031 Ada, port 5123");

        Assert.Equal("http://localhost:{port} {guid} Copyright (c) {year} Ada, port 5123", scrubbed);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
