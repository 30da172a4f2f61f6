using System.Diagnostics;
using Meridian.Region.Encoder;

namespace Meridian.Region.Tests.Encoder;

/// <summary>Startup recovery ends the processes that name the region's temporary directory, and no others.</summary>
public sealed class OrphanEncodersTests
{
    [Fact]
    public void KillAll_EndsTheProcessUnderTheRoot_AndLeavesOneElsewhereRunning()
    {
        var root = Directory.CreateTempSubdirectory("meridian-orphan-").FullName;
        var other = Directory.CreateTempSubdirectory("meridian-orphan-other-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "job1"));
        File.WriteAllText(Path.Combine(root, "job1", "input.mp4"), "");
        File.WriteAllText(Path.Combine(other, "input.mp4"), "");
        using var orphan = Process.Start("tail", ["-f", Path.Combine(root, "job1", "input.mp4")]);
        using var bystander = Process.Start("tail", ["-f", Path.Combine(other, "input.mp4")]);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!OrphanEncoders.Find(root).Contains(orphan.Id))
            {
                Assert.True(DateTime.UtcNow < deadline, "The process under the root was never found.");
                Thread.Sleep(20);
            }

            Assert.DoesNotContain(bystander.Id, OrphanEncoders.Find(root));

            var killed = OrphanEncoders.KillAll(root);

            Assert.Equal([orphan.Id], killed);
            Assert.True(orphan.WaitForExit(TimeSpan.FromSeconds(5)));
            Assert.False(bystander.HasExited);
            Assert.Empty(OrphanEncoders.Find(root));
        }
        finally
        {
            orphan.Kill();
            bystander.Kill();
            Directory.Delete(root, recursive: true);
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void Find_RootThatNoProcessNames_IsEmpty()
    {
        Assert.Empty(OrphanEncoders.Find(Path.Combine(Path.GetTempPath(), "meridian-no-such-" + Guid.NewGuid().ToString("N"))));
    }
}
