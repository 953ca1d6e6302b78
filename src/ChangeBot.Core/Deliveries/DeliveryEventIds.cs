namespace ChangeBot.Core.Deliveries;

/// <summary>Log event ids of delivery: fan-out, sending, support alerts, the stale-delivery watch.
/// This area owns 1–99; every id is unique across the assemblies (a test checks it), so an id in a
/// log line names one place in the code.</summary>
internal static class DeliveryEventIds
{
    public const int ChannelGone = 1;
    public const int Transient = 2;
    public const int EditFailed = 3;
    public const int Rejected = 4;
    public const int GaveUp = 5;
    public const int Alert = 20;
    public const int AlertFailed = 21;
    public const int StaleLookupFailed = 30;
}
