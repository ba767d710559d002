import type { VehicleRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import { builder } from '../graphql/builder.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { keysetConnection } from '../graphql/pagination.js';
import { TeslaAccountRef } from '../connections/connection-types.js';
import type { ChargeState } from './vehicle-service.js';

export const VehicleRef = builder.objectRef<VehicleRow>('Vehicle');

const VehicleStateEnum = builder.enumType('VehicleState', {
  description: "Tesla's connectivity state; ASLEEP and OFFLINE cars are not woken by reads",
  values: {
    ONLINE: { description: 'Awake and reachable: vehicle_data and commands work (Tesla: online)' },
    ASLEEP: { description: 'Asleep: a command wakes it first (a billed wake) (Tesla: asleep)' },
    OFFLINE: { description: 'Unreachable, or asleep on some firmware (Tesla: offline)' },
    UNKNOWN: { description: 'Tesla reported a state the gateway does not recognise' },
  } as const,
});

const CommandSigningEnum = builder.enumType('CommandSigning', {
  description:
    "Tesla's `command_signing` from the vehicle list, as Tesla reports it. It does not tell whether unsigned REST commands work: a car showing ALLOWED may still require the Vehicle Command Protocol (see Vehicle.commandProtocolRequired, which the gateway routes by).",
  values: {
    REQUIRED: { description: 'Tesla: required (signed commands only)' },
    ALLOWED: { description: 'Tesla: allowed (signed commands accepted)' },
    OFF: { description: 'Tesla: off' },
    UNKNOWN: { description: 'Tesla did not report it, or reported a value the gateway does not recognise' },
  } as const,
});

const ChargeStateRef = builder.objectRef<ChargeState>('ChargeState').implement({
  description: "The car's charging state, from Tesla's vehicle_data charge_state; null fields are ones Tesla did not report",
  fields: (t) => ({
    batteryLevel: t.exposeFloat('batteryLevel', { nullable: true, description: 'State of charge, % (Tesla: battery_level)' }),
    chargeLimitSoc: t.exposeFloat('chargeLimitSoc', { nullable: true, description: 'Charge limit, % (Tesla: charge_limit_soc)' }),
    chargingState: t.exposeString('chargingState', { nullable: true, description: "Tesla's words: Disconnected, NoPower, Starting, Charging, Complete, Stopped" }),
    chargerPowerKw: t.exposeFloat('chargerPowerKw', { nullable: true, description: 'Charging power now, kW (Tesla: charger_power)' }),
    chargeAmps: t.exposeFloat('chargeAmps', { nullable: true, description: 'Requested charging current, A (Tesla: charge_amps, else charge_current_request)' }),
  }),
});

function commandSigning(value: string | null): 'REQUIRED' | 'ALLOWED' | 'OFF' | 'UNKNOWN' {
  switch (value) {
    case 'required':
      return 'REQUIRED';
    case 'allowed':
      return 'ALLOWED';
    case 'off':
      return 'OFF';
    default:
      return 'UNKNOWN';
  }
}

builder.node(VehicleRef, {
  description: 'A Tesla vehicle of a connected customer',
  id: { resolve: (v) => v.id },
  loadMany: (ids, context) => Promise.all(ids.map((id) => context.loaders.vehicleById.load(id))),
  fields: (t) => ({
    vin: t.exposeString('vin', { description: 'Vehicle identification number (17 characters)' }),
    teslaVehicleId: t.exposeString('tesla_vehicle_id', { description: "Tesla's numeric vehicle id, as text: it exceeds 32 bits" }),
    displayName: t.exposeString('display_name', { nullable: true, description: "The car's name in the Tesla app; null when the customer gave none" }),
    account: t.field({
      type: TeslaAccountRef,
      description: 'The Tesla account the vehicle is read and commanded through',
      resolve: async (vehicle, _args, context) => {
        const connection = await context.loaders.connectionById.load(vehicle.connection_id);
        if (!connection) throw new Error(`connection of vehicle ${vehicle.id} is missing`);
        return connection;
      },
    }),
    state: t.field({
      type: VehicleStateEnum,
      nullable: true,
      description: "From the account's vehicle list (never wakes the car); null with an error when Tesla cannot be read",
      resolve: (v, _args, context) => context.loaders.vehicleState.load(v),
    }),
    chargeState: t.field({
      type: ChargeStateRef,
      nullable: true,
      description: 'From vehicle_data while the car is ONLINE; null (no error) while it is ASLEEP or OFFLINE, because reading would wake it',
      resolve: async (v, _args, context) => {
        try {
          return await context.loaders.chargeState.load(v);
        } catch (error) {
          if (error instanceof GatewayError && error.code === 'DEVICE_OFFLINE') return null;
          throw error;
        }
      },
    }),
    keyPaired: t.boolean({
      nullable: true,
      description: "Whether the integrator's virtual key is paired (Tesla fleet_status; may lag). null when Tesla does not say.",
      resolve: async (v, _args, context) => (await context.loaders.keyPairing.load(v)).keyPaired,
    }),
    commandSigning: t.field({
      type: CommandSigningEnum,
      description: "Tesla's `command_signing` value for the car, as Tesla reports it (REQUIRED, ALLOWED, OFF; UNKNOWN when absent or a value the gateway does not recognise). Informational: commands are routed by commandProtocolRequired.",
      resolve: (v) => commandSigning(v.command_signing),
    }),
    commandProtocolRequired: t.boolean({
      nullable: true,
      description:
        "Whether the car requires the Vehicle Command Protocol (commands signed with the integrator's virtual key, sent through Tesla's vehicle-command proxy): Tesla's fleet_status `vehicle_command_protocol_required`, or true once Tesla refused an unsigned REST command to this car with 403 \"Tesla Vehicle Command Protocol required\". false: Tesla accepts unsigned REST commands (pre-2021 Model S/X). null when Tesla does not say.",
      resolve: async (v, _args, context) => {
        if (v.rest_commands_refused_at) return true;
        return (await context.loaders.keyPairing.load(v)).protocolRequired;
      },
    }),
    pairingUrl: t.string({
      description: 'Open on the phone with the Tesla app to pair the virtual key with this car',
      resolve: (v, _args, context) => context.services.vehicles.pairingUrl(v),
    }),
  }),
});

/** The one connection type of vehicles: every field that lists vehicles pages through it. */
export const VehicleConnection = builder.connectionObject(
  { type: VehicleRef, name: 'VehicleConnection', description: 'A page of vehicles' },
  { name: 'VehicleEdge', description: 'A vehicle in a page, with its cursor' },
);

builder.queryFields((t) => ({
  vehicles: t.connection({
    type: VehicleRef,
    description: "The organization's vehicles, by VIN",
    resolve: (_root, args, context) => {
      const organizationId = context.caller!.organizationId;
      return keysetConnection(
        args,
        (page) => context.services.vehicles.listVehicles(organizationId, {}, page),
        () => context.services.vehicles.countVehicles(organizationId, {}),
      );
    },
  }, VehicleConnection),
  vehicle: t.field({
    type: VehicleRef,
    // Nullable with a NOT_FOUND error: one stale id does not wipe a dashboard's whole answer.
    nullable: true,
    description: 'One vehicle by its global ID; null with a NOT_FOUND error if it does not exist or belongs to another organization',
    args: { id: t.arg.id({ required: true, description: 'Vehicle global ID' }) },
    resolve: async (_root, args, context) => {
      const vehicle = await context.loaders.vehicleById.load(parseGlobalId(String(args.id), 'Vehicle', 'id'));
      if (!vehicle) throw GatewayError.notFound('vehicle');
      return vehicle;
    },
  }),
}));
