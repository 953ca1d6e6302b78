namespace ChangeBot.Hosting;

/// <summary>Log event ids of the host: startup seeding, the answer index, REST authentication, housekeeping jobs.
/// This area owns 200–299; every id is unique across the assemblies (a test checks it), so an id in a
/// log line names one place in the code.</summary>
internal static class HostEventIds
{
    public const int BadSeed = 201;
    public const int Seeded = 202;
    public const int CatchUpFailed = 203;
    public const int Refused = 210;
    public const int DashboardRefused = 211;
    public const int Forgotten = 220;
}
