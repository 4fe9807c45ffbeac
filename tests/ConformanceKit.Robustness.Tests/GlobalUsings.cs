global using ConformanceKit.Dicom;
global using ConformanceKit.Dicom.Network;
global using ConformanceKit.Dicom.Network.Capture;
global using ConformanceKit.Dicom.Network.Dimse;
global using ConformanceKit.Dicom.Network.Pdus;
global using ConformanceKit.Dicom.Network.Services;
global using ConformanceKit.Testing;
