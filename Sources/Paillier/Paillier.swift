/// Paillier encryption over GMP.
public enum PaillierModule {}
