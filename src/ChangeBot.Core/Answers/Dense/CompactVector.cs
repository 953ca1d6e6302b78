namespace ChangeBot.Core.Answers.Dense;

/// <summary>
/// A unit vector kept as signed bytes with one scale: a quarter of the memory of floats. Sentence vectors
/// are many (a notice has a few passages but tens of sentences), so the index keeps them this way; the
/// cosine loses about 0.005, far below what separates a good match from a poor one.
/// </summary>
internal sealed class CompactVector
{
    private readonly sbyte[] _values;
    private readonly float _scale;

    private CompactVector(sbyte[] values, float scale)
    {
        _values = values;
        _scale = scale;
    }

    public static CompactVector From(ReadOnlySpan<float> vector)
    {
        var largest = 0f;
        foreach (var value in vector)
        {
            largest = Math.Max(largest, Math.Abs(value));
        }

        var scale = largest > 0 ? largest / sbyte.MaxValue : 1;
        var values = new sbyte[vector.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            values[i] = (sbyte)Math.Round(vector[i] / scale);
        }

        return new CompactVector(values, scale);
    }

    public float[] ToFloats()
    {
        var vector = new float[_values.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = _values[i] * _scale;
        }

        return vector;
    }

    /// <summary>The dot product with a full-precision <paramref name="question"/> (the cosine, both being unit vectors).</summary>
    public float Dot(ReadOnlySpan<float> question)
    {
        var sum = 0f;
        var length = Math.Min(question.Length, _values.Length);
        for (var i = 0; i < length; i++)
        {
            sum += question[i] * _values[i];
        }

        return sum * _scale;
    }
}
