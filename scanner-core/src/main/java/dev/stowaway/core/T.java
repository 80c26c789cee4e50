package dev.stowaway.core;
public final class T { static final long S = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
 public static void t(String w) { if (System.getenv("STW_T") != null) System.err.println(w + " " + (System.currentTimeMillis() - S)); } }
